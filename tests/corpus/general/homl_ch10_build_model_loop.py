# In the style of Hands-On Machine Learning (Geron, 2nd ed.), chapter 10
# "Fine-Tuning Neural Network Hyperparameters" - build_model() adding hidden layers in a loop -
# and of keras-io structured-data examples that collect hidden layers in a list
# (github.com/ageron/handson-ml2, 10_neural_nets_with_keras.ipynb).
# California housing is replaced by random arrays of its shape (n, 8).
import numpy as np
from tensorflow import keras

rng = np.random.default_rng(42)
X_train = rng.normal(size=(64, 8)).astype("float32")
y_train = rng.random(64).astype("float32")


def build_model(n_hidden=1, n_neurons=30, learning_rate=3e-3, input_shape=[8]):
    model = keras.models.Sequential()
    model.add(keras.layers.InputLayer(shape=input_shape))
    for layer in range(n_hidden):
        model.add(keras.layers.Dense(n_neurons, activation="relu"))
    model.add(keras.layers.Dense(1))
    optimizer = keras.optimizers.SGD(learning_rate=learning_rate)
    model.compile(loss="mse", optimizer=optimizer)
    return model


model = build_model()
model.fit(X_train, y_train, epochs=1, verbose=0)

model = build_model(n_hidden=3, n_neurons=50)
model.fit(X_train, y_train, epochs=1, verbose=0)

hidden_units = [32, 32]
hidden_layers = [keras.Input(shape=(8,))]
for units in hidden_units:
    hidden_layers.append(keras.layers.Dense(units, activation="relu"))
    hidden_layers.append(keras.layers.Dropout(0.1))

mlp = keras.Sequential(hidden_layers + [keras.layers.Dense(1)])
mlp.compile(loss="mse", optimizer="adam")
mlp.fit(X_train, y_train, epochs=1, verbose=0)
