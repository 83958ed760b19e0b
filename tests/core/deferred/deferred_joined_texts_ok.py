# Reviews built by a comprehension of " ".join(...): strings of unknown text but known type,
# so the dataset of (text, label) has a known spec and fit builds the model from it.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

words = np.array(["good", "bad", "movie", "plot"])
rng = np.random.default_rng(0)
texts = [" ".join(rng.choice(words, size=12)) for _ in range(40)]
labels = rng.integers(0, 2, size=40)
train = tf.data.Dataset.from_tensor_slices((texts[:32], labels[:32])).batch(16)

vectorize = layers.TextVectorization(max_tokens=50, output_sequence_length=20)
vectorize.adapt(train.map(lambda x, y: x))

model = tf.keras.Sequential([vectorize, layers.Embedding(50, 8), layers.GRU(4), layers.Dense(1)])
model.compile(loss="binary_crossentropy", optimizer="adam")
model.fit(train, epochs=1, verbose=0)


def vectorize_text(text, label):
    return vectorize(tf.expand_dims(text, -1)), label


inner = tf.keras.Sequential([layers.Embedding(50, 8), layers.GlobalAveragePooling1D(), layers.Dense(1)])
inner.compile(loss="binary_crossentropy", optimizer="adam")
inner.fit(train.map(vectorize_text), epochs=1, verbose=0)
export = tf.keras.Sequential([vectorize, inner, layers.Activation("sigmoid")])
export.compile(loss="binary_crossentropy", optimizer="adam")
export.evaluate(train, verbose=0)
