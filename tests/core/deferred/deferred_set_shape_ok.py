# slice(...) objects as index items and tensor.set_shape fixing the window axis in a dataset map
# (the TF time-series tutorial's split_window).
import numpy as np
import tensorflow as tf
data = np.random.rand(200, 19).astype("float32")
ds = tf.keras.utils.timeseries_dataset_from_array(data=data, targets=None, sequence_length=4, sequence_stride=1, shuffle=True, batch_size=32,)
s = slice(0, 3)
def split(features):
    inputs = features[:, s, :]
    labels = features[:, slice(3, None), :]
    labels = tf.stack([labels[:, :, k] for k in [1]], axis=-1)
    inputs.set_shape([None, 3, None])
    labels.set_shape([None, 1, None])
    return inputs, labels
ds2 = ds.map(split)
m = tf.keras.Sequential([tf.keras.layers.Dense(1)])
m.compile(loss="mse")
m.fit(ds2, epochs=1, verbose=0)
