# In the style of the TensorFlow guide "tf.data: Build TensorFlow input pipelines" - consuming Python
# generators with output_signature and padded_batch (site/en/guide/data.ipynb,
# https://www.tensorflow.org/guide/data), feeding an Input-less Sequential text classifier.
import numpy as np
import tensorflow as tf


def gen_series():
    i = 0
    while i < 64:
        size = np.random.randint(0, 10)
        yield np.random.randint(1, 1000, size=(size,)), np.random.randint(0, 2)
        i += 1


ds_series = tf.data.Dataset.from_generator(
    gen_series,
    output_signature=(
        tf.TensorSpec(shape=(None,), dtype=tf.int32),
        tf.TensorSpec(shape=(), dtype=tf.int32)))

ds_series_batch = ds_series.shuffle(20).padded_batch(10)

ids, sequence_batch = next(iter(ds_series_batch))
print(ids.numpy())

model = tf.keras.Sequential([
    tf.keras.layers.Embedding(1000, 16, mask_zero=True),
    tf.keras.layers.GlobalAveragePooling1D(),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(ds_series_batch.map(lambda x, y: (x, tf.cast(y, tf.float32))), epochs=1, verbose=0)
