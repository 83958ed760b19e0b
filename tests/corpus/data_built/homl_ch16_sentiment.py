# In the style of Hands-On Machine Learning (Geron, 3rd ed.), chapter 16
# "Sentiment Analysis" (TextVectorization + Embedding + GRU, masking)
# (github.com/ageron/handson-ml3, 16_nlp_with_rnns_and_attention.ipynb)
# The IMDB reviews (tensorflow_datasets) are replaced by random reviews in tf.data.
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(42)
words = np.array(["this", "movie", "was", "great", "terrible", "plot", "acting", "<br />"])
reviews = [" ".join(rng.choice(words, size=int(rng.integers(5, 40)))) for _ in range(64)]
labels = rng.integers(0, 2, size=64)

raw_train_set = tf.data.Dataset.from_tensor_slices((reviews[:48], labels[:48]))
raw_valid_set = tf.data.Dataset.from_tensor_slices((reviews[48:], labels[48:]))

tf.random.set_seed(42)
train_set = raw_train_set.shuffle(5000, seed=42).batch(32).prefetch(1)
valid_set = raw_valid_set.batch(32).prefetch(1)

vocab_size = 1000
text_vec_layer = tf.keras.layers.TextVectorization(max_tokens=vocab_size)
text_vec_layer.adapt(train_set.map(lambda reviews, labels: reviews))

embed_size = 128
tf.random.set_seed(42)
model = tf.keras.Sequential([
    text_vec_layer,
    tf.keras.layers.Embedding(vocab_size, embed_size),
    tf.keras.layers.GRU(128),
    tf.keras.layers.Dense(1, activation="sigmoid")
])
model.compile(loss="binary_crossentropy", optimizer="nadam",
              metrics=["accuracy"])
history = model.fit(train_set, validation_data=valid_set, epochs=1, verbose=0)

embed_size = 128
tf.random.set_seed(42)
model = tf.keras.Sequential([
    text_vec_layer,
    tf.keras.layers.Embedding(vocab_size, embed_size, mask_zero=True),
    tf.keras.layers.GRU(128),
    tf.keras.layers.Dense(1, activation="sigmoid")
])
model.compile(loss="binary_crossentropy", optimizer="nadam",
              metrics=["accuracy"])
history = model.fit(train_set, validation_data=valid_set, epochs=1, verbose=0)
