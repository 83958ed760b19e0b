# In the style of the TensorFlow "beginner quickstart" (tensorflow.org/tutorials/quickstart/beginner):
# a Sequential without Input, built by fit(); MNIST replaced by small random arrays of its shape.
import numpy as np
import keras
from keras import layers

x_train = np.random.rand(100, 28, 28).astype("float32")
y_train = np.random.randint(0, 10, size=(100,))
x_test = np.random.rand(20, 28, 28).astype("float32")
y_test = np.random.randint(0, 10, size=(20,))

model = keras.Sequential([
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(10),
])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x_train, y_train, epochs=1, verbose=0)
model.evaluate(x_test, y_test, verbose=0)
probabilities = keras.Sequential([model, layers.Softmax()])
probabilities.predict(x_test[:5], verbose=0)
