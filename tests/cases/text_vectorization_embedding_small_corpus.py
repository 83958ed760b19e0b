# The same mistake on a corpus of 100 distinct words: the vocabulary stays below 500 tokens and
# Keras trains; a larger corpus would raise (see text_vectorization_embedding_too_small.py).
import keras
import numpy as np
import tensorflow as tf
from keras import layers

rng = np.random.default_rng(0)
words = [f"w{i}" for i in range(100)]
reviews = tf.constant([[" ".join(rng.choice(words, 20))] for _ in range(64)])
liked = rng.integers(0, 2, size=(64, 1))
vectorize = layers.TextVectorization(max_tokens=1000, output_sequence_length=20)
vectorize.adapt(reviews)
model = keras.Sequential([
    keras.Input(shape=(1,), dtype="string"),
    vectorize,
    layers.Embedding(500, 8),
    layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(reviews, liked, batch_size=16, epochs=1, verbose=0)
