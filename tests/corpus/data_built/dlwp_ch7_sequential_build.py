# In the style of Deep Learning with Python (Chollet, 2nd ed.), chapter 7 "Working with Keras"
# - the Sequential model: add(), build(), summary(), Input
# (github.com/fchollet/deep-learning-with-python-notebooks, second_edition/chapter07_working-with-keras.ipynb)
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax")
])

model = keras.Sequential()
model.add(layers.Dense(64, activation="relu"))
model.add(layers.Dense(10, activation="softmax"))

model.build(input_shape=(None, 3))
model.weights
model.summary()

model = keras.Sequential(name="my_example_model")
model.add(layers.Dense(64, activation="relu", name="my_first_layer"))
model.add(layers.Dense(10, activation="softmax", name="my_last_layer"))
model.build((None, 3))
model.summary()

model = keras.Sequential()
model.add(keras.Input(shape=(3,)))
model.add(layers.Dense(64, activation="relu"))
model.summary()
model.add(layers.Dense(10, activation="softmax"))
model.summary()


def get_mnist_model():
    model = keras.Sequential([
        layers.Dense(512, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ])
    return model


images = np.random.random((64, 28 * 28)).astype("float32")
labels = np.random.randint(0, 10, size=(64,))
model = get_mnist_model()
model.compile(optimizer="rmsprop",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(images, labels, epochs=1, validation_split=0.25, verbose=0)
test_metrics = model.evaluate(images, labels, verbose=0)
predictions = model.predict(images, verbose=0)
