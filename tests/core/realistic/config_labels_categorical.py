# values: widths and class counts from a config dict and a frame's columns; integer labels fed to
# categorical_crossentropy (Keras raises in fit). In the style of the TensorFlow "Classify
# structured data" tutorial; random data.
import numpy as np
import pandas as pd
import keras
from keras import layers

PARAMS = {"features": ["age", "fare", "pclass", "sibsp"], "units": 16, "classes": 3}
rng = np.random.default_rng(1)
n = 40
df = pd.DataFrame({
    "age": rng.uniform(1, 80, size=n),
    "fare": rng.uniform(5, 200, size=n),
    "pclass": rng.integers(1, 4, size=n),
    "sibsp": rng.integers(0, 3, size=n),
    "parch": rng.integers(0, 3, size=n),
    "embarked": rng.integers(0, PARAMS["classes"], size=n),
})
target = df.pop("embarked")
df = df.drop(columns=["parch"])
features = df.values.astype("float32")
labels = target.values

model = keras.Sequential([
    keras.Input(shape=(len(PARAMS["features"]),)),
    layers.Dense(PARAMS["units"], activation="relu"),
    layers.Dense(PARAMS["classes"], activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(features, labels, epochs=1, verbose=0)
