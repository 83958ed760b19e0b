# In the style of Hands-On Machine Learning (Geron, 3rd ed.), chapter 10
# "Building a Regression MLP Using the Sequential API" (github.com/ageron/handson-ml3, 10_neural_nets_with_keras.ipynb)
# fetch_california_housing() downloads: replaced by random arrays of its shape (n, 8).
import numpy as np
import tensorflow as tf
from sklearn.model_selection import train_test_split

rng = np.random.default_rng(42)
housing_data = rng.random((200, 8))
housing_target = rng.random(200) * 5

X_train_full, X_test, y_train_full, y_test = train_test_split(
    housing_data, housing_target, random_state=42)
X_train, X_valid, y_train, y_valid = train_test_split(
    X_train_full, y_train_full, random_state=42)

tf.random.set_seed(42)
norm_layer = tf.keras.layers.Normalization(input_shape=X_train.shape[1:])
model = tf.keras.Sequential([
    norm_layer,
    tf.keras.layers.Dense(50, activation="relu"),
    tf.keras.layers.Dense(50, activation="relu"),
    tf.keras.layers.Dense(50, activation="relu"),
    tf.keras.layers.Dense(1)
])
optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
model.compile(loss="mse", optimizer=optimizer, metrics=["RootMeanSquaredError"])
norm_layer.adapt(X_train)
history = model.fit(X_train, y_train, epochs=1,
                    validation_data=(X_valid, y_valid), verbose=0)
mse_test, rmse_test = model.evaluate(X_test, y_test, verbose=0)
X_new = X_test[:3]
y_pred = model.predict(X_new, verbose=0)
