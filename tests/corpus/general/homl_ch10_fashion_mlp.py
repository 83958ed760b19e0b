# In the style of Hands-On Machine Learning (Geron, 3rd ed.), chapter 10
# "Building an Image Classifier Using the Sequential API" (github.com/ageron/handson-ml3, 10_neural_nets_with_keras.ipynb)
# load_data() is served random arrays of the documented shapes by the corpus runner.
import numpy as np
import tensorflow as tf

fashion_mnist = tf.keras.datasets.fashion_mnist.load_data()
(X_train_full, y_train_full), (X_test, y_test) = fashion_mnist
X_train, y_train = X_train_full[:-16], y_train_full[:-16]
X_valid, y_valid = X_train_full[-16:], y_train_full[-16:]

X_train, X_valid, X_test = X_train / 255., X_valid / 255., X_test / 255.

tf.random.set_seed(42)
model = tf.keras.Sequential()
model.add(tf.keras.layers.Input(shape=[28, 28]))
model.add(tf.keras.layers.Flatten())
model.add(tf.keras.layers.Dense(300, activation="relu"))
model.add(tf.keras.layers.Dense(100, activation="relu"))
model.add(tf.keras.layers.Dense(10, activation="softmax"))

# extra code - clear the session to reset the name counters
tf.keras.backend.clear_session()
tf.random.set_seed(42)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=[28, 28]),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(300, activation="relu"),
    tf.keras.layers.Dense(100, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax")
])

model.summary()

hidden1 = model.layers[1]
weights, biases = hidden1.get_weights()
print(weights.shape, biases.shape)

model.compile(loss="sparse_categorical_crossentropy",
              optimizer="sgd",
              metrics=["accuracy"])

history = model.fit(X_train, y_train, epochs=1,
                    validation_data=(X_valid, y_valid), verbose=0)

model.evaluate(X_test, y_test, verbose=0)

X_new = X_test[:3]
y_proba = model.predict(X_new, verbose=0)
y_pred = y_proba.argmax(axis=-1)
