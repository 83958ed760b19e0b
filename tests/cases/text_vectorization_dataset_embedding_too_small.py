# After keras-io's text_classification_from_scratch: the reviews are vectorized in the dataset
# (max_tokens=1000) and the model starts with an Embedding of 500 rows. With more than 500 words
# in the vocabulary, the lookup fails on CPU.
import keras
import numpy as np
import tensorflow as tf
from keras import layers

rng = np.random.default_rng(0)
words = [f"w{i}" for i in range(3000)]
reviews = np.array([" ".join(rng.choice(words, 20)) for _ in range(64)])
liked = rng.integers(0, 2, size=(64, 1))
vectorize = layers.TextVectorization(max_tokens=1000, output_sequence_length=20)
vectorize.adapt(reviews)
train_ds = tf.data.Dataset.from_tensor_slices((reviews, liked)).batch(16).map(lambda x, y: (vectorize(x), y))
model = keras.Sequential([
    layers.Embedding(500, 8),
    layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(train_ds, epochs=1, verbose=0)
