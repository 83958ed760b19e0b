# Integer class ids handed to categorical_crossentropy, which wants one-hot rows.
import keras
import numpy as np

features = np.random.rand(120, 12).astype("float32")
classes = np.random.randint(0, 4, size=(120,))
clf = keras.Sequential([
    keras.Input(shape=(12,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(4, activation="softmax"),
])
clf.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
clf.fit(features, classes, batch_size=16, epochs=1, verbose=0)
