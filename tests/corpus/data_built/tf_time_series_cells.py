# In the style of "Time series forecasting" as the notebook writes it: the CSV read with
# pd.read_csv (its columns named nowhere in the code), wind columns popped and re-added, the
# WindowGenerator class grown one cell at a time (methods and @property functions assigned to
# the class), a cached example batch, models built by fit or by their first call on that batch
# https://www.tensorflow.org/tutorials/structured_data/time_series
# (site/en/tutorials/structured_data/time_series.ipynb)
# The Jena climate CSV is replaced by a small random CSV written first.
import numpy as np
import pandas as pd
import tensorflow as tf

rng = np.random.default_rng(0)
raw = pd.DataFrame(rng.random((400, 8)).astype("float32"),
                   columns=["p (mbar)", "T (degC)", "rh (%)", "VPmax (mbar)", "sh (g/kg)",
                            "rho (g/m**3)", "wv (m/s)", "wd (deg)"])
raw.to_csv("climate.csv", index=False)

df = pd.read_csv("climate.csv")
df = df[5::2]

wv = df.pop("wv (m/s)")
wd_rad = df.pop("wd (deg)") * np.pi / 180
df["Wx"] = wv * np.cos(wd_rad)
df["Wy"] = wv * np.sin(wd_rad)

n = len(df)
train_df = df[0:int(n * 0.7)]
val_df = df[int(n * 0.7):int(n * 0.9)]
test_df = df[int(n * 0.9):]

train_mean = train_df.mean()
train_std = train_df.std()
train_df = (train_df - train_mean) / train_std
val_df = (val_df - train_mean) / train_std
test_df = (test_df - train_mean) / train_std


class WindowGenerator():
  def __init__(self, input_width, label_width, shift,
               train_df=train_df, val_df=val_df, test_df=test_df,
               label_columns=None):
    self.train_df = train_df
    self.val_df = val_df
    self.test_df = test_df
    self.label_columns = label_columns
    self.column_indices = {name: i for i, name in enumerate(train_df.columns)}
    self.input_width = input_width
    self.label_width = label_width
    self.shift = shift
    self.total_window_size = input_width + shift
    self.input_slice = slice(0, input_width)
    self.label_start = self.total_window_size - self.label_width
    self.labels_slice = slice(self.label_start, None)


def split_window(self, features):
  inputs = features[:, self.input_slice, :]
  labels = features[:, self.labels_slice, :]
  if self.label_columns is not None:
    labels = tf.stack(
        [labels[:, :, self.column_indices[name]] for name in self.label_columns],
        axis=-1)
  inputs.set_shape([None, self.input_width, None])
  labels.set_shape([None, self.label_width, None])
  return inputs, labels


WindowGenerator.split_window = split_window


def make_dataset(self, data):
  data = np.array(data, dtype=np.float32)
  ds = tf.keras.utils.timeseries_dataset_from_array(
      data=data,
      targets=None,
      sequence_length=self.total_window_size,
      sequence_stride=1,
      shuffle=True,
      batch_size=16,)
  ds = ds.map(self.split_window)
  return ds


WindowGenerator.make_dataset = make_dataset


@property
def train(self):
  return self.make_dataset(self.train_df)


@property
def val(self):
  return self.make_dataset(self.val_df)


@property
def example(self):
  """An example batch of `inputs, labels`, taken once and cached."""
  result = getattr(self, '_example', None)
  if result is None:
    result = next(iter(self.train))
    self._example = result
  return result


WindowGenerator.train = train
WindowGenerator.val = val
WindowGenerator.example = example


def describe(self):
  inputs, labels = self.example
  return inputs.shape, labels.shape


WindowGenerator.describe = describe


def compile_and_fit(model, window):
  model.compile(loss=tf.keras.losses.MeanSquaredError(),
                optimizer=tf.keras.optimizers.Adam(),
                metrics=[tf.keras.metrics.MeanAbsoluteError()])
  return model.fit(window.train, epochs=1, validation_data=window.val, verbose=0)


single_step_window = WindowGenerator(input_width=1, label_width=1, shift=1,
                                     label_columns=['T (degC)'])
conv_window = WindowGenerator(input_width=3, label_width=1, shift=1,
                              label_columns=['T (degC)'])
conv_window.describe()
wide_window = WindowGenerator(input_width=12, label_width=12, shift=1,
                              label_columns=['T (degC)'])

linear = tf.keras.Sequential([
    tf.keras.layers.Dense(units=1)
])
print('Output shape:', linear(single_step_window.example[0]).shape)
history = compile_and_fit(linear, single_step_window)

multi_step_dense = tf.keras.Sequential([
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(units=16, activation='relu'),
    tf.keras.layers.Dense(units=1),
    tf.keras.layers.Reshape([1, -1]),
])
history = compile_and_fit(multi_step_dense, conv_window)
print('Output shape:', multi_step_dense(conv_window.example[0]).shape)

conv_model = tf.keras.Sequential([
    tf.keras.layers.Conv1D(filters=16, kernel_size=(3,), activation='relu'),
    tf.keras.layers.Dense(units=16, activation='relu'),
    tf.keras.layers.Dense(units=1),
])
history = compile_and_fit(conv_model, conv_window)
print('Output shape:', conv_model(conv_window.example[0]).shape)

lstm_model = tf.keras.models.Sequential([
    tf.keras.layers.LSTM(16, return_sequences=True),
    tf.keras.layers.Dense(units=1)
])
history = compile_and_fit(lstm_model, wide_window)
print('Output shape:', lstm_model(wide_window.example[0]).shape)

dense = tf.keras.Sequential([
    tf.keras.layers.Dense(units=16, activation='relu'),
    tf.keras.layers.Dense(units=1)
])
history = compile_and_fit(dense, single_step_window)
