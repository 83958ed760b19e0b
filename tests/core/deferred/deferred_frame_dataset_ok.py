# A dataset sliced from a DataFrame and a Series (the pandas tutorial): elements of the frame's
# row shape, so fit(dataset) builds the adapted Normalization and the Dense layers after it.
import numpy as np
import pandas as pd
import tensorflow as tf

rng = np.random.default_rng(0)
df = pd.DataFrame({"age": rng.integers(29, 77, size=48), "chol": rng.integers(126, 564, size=48),
                   "oldpeak": rng.random(48) * 6, "target": rng.integers(0, 2, size=48)})
target = df.pop("target")
normalizer = tf.keras.layers.Normalization(axis=-1)
normalizer.adapt(np.array(df))

model = tf.keras.Sequential([normalizer, tf.keras.layers.Dense(10, activation="relu"), tf.keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(tf.data.Dataset.from_tensor_slices((df, target)).shuffle(100).batch(16), epochs=1, verbose=0)
