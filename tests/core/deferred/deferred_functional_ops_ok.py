# In the style of the keras-io TabTransformer and TokenLearner examples
# (structured_data/tabtransformer.py, vision/token_learner.py): keras.ops called on functional
# tensors, the sizes of the next layers read from tensor.shape (and math.sqrt of one), and
# Sequential blocks without Input called on the results.
import math

import numpy as np
import keras
from keras import layers, ops

NUMERIC = ["age", "hours"]
vocabulary = sorted(set(np.random.choice(["a", "b", "c"], size=20)))

inputs = {}
for name in NUMERIC + ["job"]:
    inputs[name] = layers.Input(name=name, shape=(), dtype="float32")
numeric = [ops.expand_dims(inputs[name], -1) for name in NUMERIC]
job = layers.Embedding(input_dim=len(vocabulary), output_dim=4)(inputs["job"])
features = layers.concatenate(numeric + [job])
feedforward = keras.Sequential([layers.LayerNormalization(), layers.Dense(features.shape[-1]),
                                layers.Dropout(0.1)])
features = feedforward(features)
stacked = ops.stack([job, job * 2.0], axis=1)
mixer = keras.Sequential([layers.Dense(3)])
mixed = mixer(stacked)

images = keras.Input(shape=(6, 6, 3))
patches = layers.Conv2D(8, 3, strides=3)(images)
_, h, w, c = patches.shape
tokens = layers.Reshape((h * w, c))(patches)
side = int(math.sqrt(tokens.shape[1]))
grid = layers.Reshape((side, side, c))(tokens)
attention = keras.Sequential([layers.Conv2D(2, 3, padding="same", use_bias=False), layers.Reshape((-1, 2)),
                              layers.Permute((2, 1))])
maps = attention(grid)
pooled = ops.mean(ops.expand_dims(maps, axis=-1) * layers.Reshape((1, -1, c))(grid), axis=2)

outputs = layers.Dense(1)(layers.concatenate([features, layers.Flatten()(mixed), layers.Flatten()(pooled)]))
model = keras.Model([*inputs.values(), images], outputs)
model.compile(optimizer="adam", loss="mse")
n = 4
model.fit([np.random.rand(n), np.random.rand(n), np.random.randint(0, len(vocabulary), size=n).astype("float32"),
           np.random.rand(n, 6, 6, 3)], np.random.rand(n, 1), epochs=1, verbose=0)
