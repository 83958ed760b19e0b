import numpy as np
import keras
from keras import layers

feature_extractor = keras.Sequential([keras.Input(shape=(16, 16, 3)), layers.Conv2D(4, 3), layers.MaxPooling2D()])
classifier = keras.Sequential([
    keras.Input(shape=(16, 16, 3)),
    feature_extractor,
    layers.Flatten(),
    layers.Dense(5, activation="softmax"),
])
classifier.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
x = np.random.rand(8, 16, 16, 3).astype("float32")
classifier.fit(x, np.arange(8) % 5, epochs=1, verbose=0)
