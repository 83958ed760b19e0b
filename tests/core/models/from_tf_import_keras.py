from tensorflow import keras

regressor = keras.Sequential([
    keras.layers.Dense(64, activation="relu", input_dim=13),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1),
])
regressor.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.001), loss="mse")
