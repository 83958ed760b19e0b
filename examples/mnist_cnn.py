"""A correct small CNN for 28x28 grayscale digits: ShapeLens shows every layer's shape."""

import keras
import numpy as np
from keras import layers

NUM_CLASSES = 10
INPUT_SHAPE = (28, 28, 1)

x_train = np.random.rand(256, 28, 28).astype("float32")  # stand-in for mnist.load_data()
y_train = np.random.randint(0, NUM_CLASSES, size=(256,))
x_train = np.expand_dims(x_train, -1)
y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)

model = keras.Sequential(
    [
        keras.Input(shape=INPUT_SHAPE),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(NUM_CLASSES, activation="softmax"),
    ]
)
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=1, validation_split=0.1)
probs = model.predict(x_train[:1])
