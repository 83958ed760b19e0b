# values: a frame passed to fit() directly still has its label column (Keras raises).
# In the style of the TensorFlow "Load a pandas DataFrame" tutorial; random data.
import numpy as np
import pandas as pd
import keras
from keras import layers

rng = np.random.default_rng(2)
df = pd.DataFrame({"age": rng.uniform(20, 80, size=30), "chol": rng.uniform(100, 300, size=30),
                   "thalach": rng.uniform(60, 200, size=30), "target": rng.integers(0, 2, size=30)})
target = df["target"]
features = df.drop(columns=["target"])

model = keras.Sequential([keras.Input(shape=(features.shape[1],)), layers.Dense(1, activation="sigmoid")])
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(features, target, epochs=1, verbose=0)
model.fit(df, target, epochs=1, verbose=0)
