# In the style of "Load a pandas DataFrame" (a dictionary of columns as input: the subclassed
# MyModel that stacks the dict with a helper method before its Sequential; a functional model on
# named keras.Input; a Sequential fit on one column)
# https://www.tensorflow.org/tutorials/load_data/pandas_dataframe
# (site/en/tutorials/load_data/pandas_dataframe.ipynb)
# The heart-disease CSV is replaced by a random DataFrame with the same numeric columns.
import numpy as np
import pandas as pd
import tensorflow as tf

BATCH_SIZE = 2
rng = np.random.default_rng(0)
df = pd.DataFrame({
    'age': rng.integers(29, 77, size=60).astype('float64'),
    'thalach': rng.integers(71, 202, size=60).astype('float64'),
    'trestbps': rng.integers(94, 200, size=60).astype('float64'),
    'chol': rng.integers(126, 564, size=60).astype('float64'),
    'oldpeak': rng.random(60) * 6,
    'target': rng.integers(0, 2, size=60),
})

target = df.pop('target')
numeric_feature_names = ['age', 'thalach', 'trestbps', 'chol', 'oldpeak']
numeric_features = df[numeric_feature_names]

numeric_features_dict = {key: value.to_numpy()[:, tf.newaxis] for key, value in dict(numeric_features).items()}
target_array = target.to_numpy()[:, tf.newaxis]


class MyModel(tf.keras.Model):
  def __init__(self):
    # Create all the internal layers in init.
    super().__init__()
    self.normalizer = tf.keras.layers.Normalization(axis=-1)
    self.seq = tf.keras.Sequential([
      self.normalizer,
      tf.keras.layers.Dense(10, activation='relu'),
      tf.keras.layers.Dense(10, activation='relu'),
      tf.keras.layers.Dense(1)
    ])
    self.concat = tf.keras.layers.Concatenate(axis=1)

  def _stack(self, input_dict):
    values = []
    for key, value in sorted(input_dict.items()):
      values.append(value)
    return self.concat(values)

  def adapt(self, inputs):
    # Stack the inputs and `adapt` the normalization layer.
    inputs = self._stack(inputs)
    self.normalizer.adapt(inputs)

  def call(self, inputs):
    inputs = self._stack(inputs)
    return self.seq(inputs)


model = MyModel()
model.adapt(numeric_features_dict)
model.compile(optimizer='adam',
              loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=['accuracy'])
model.fit(numeric_features_dict, target_array, epochs=1, batch_size=BATCH_SIZE, verbose=0)

# One column as a Sequential's input.
chol = tf.keras.Sequential([
    tf.keras.layers.Dense(8, activation='relu'),
    tf.keras.layers.Dense(1),
])
chol.compile(optimizer='adam', loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))
chol.fit(numeric_features_dict['chol'], target_array, epochs=1, batch_size=12, verbose=0)

# The functional version: one named keras.Input per column, stacked, then the same body.
inputs = {}
for name, column in numeric_features.items():
  inputs[name] = tf.keras.Input(shape=(1,), name=name, dtype=tf.float32)

xs = [value for key, value in sorted(inputs.items())]
x = tf.keras.layers.Concatenate(axis=1)(xs)
body = tf.keras.Sequential([
    tf.keras.layers.Dense(10, activation='relu'),
    tf.keras.layers.Dense(1),
])
result = body(x)
functional = tf.keras.Model(inputs, result)
functional.compile(optimizer='adam', loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))
functional.fit(numeric_features_dict, target_array, epochs=1, batch_size=BATCH_SIZE, verbose=0)
