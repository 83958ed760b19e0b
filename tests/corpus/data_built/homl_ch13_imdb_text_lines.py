# In the style of Hands-On Machine Learning (Geron, 3rd ed.), chapter 13 "The TextVectorization
# Layer" and the IMDb exercise: reviews read line by line with TextLineDataset, labelled by map,
# joined with Dataset.concatenate, then a bag-of-words model and a mean-embedding model
# (github.com/ageron/handson-ml3, 13_loading_and_preprocessing_data.ipynb). Our own code; a few
# random review files written to the scratch folder stand in for the downloaded dataset.
from pathlib import Path

import numpy as np
import tensorflow as tf

rng = np.random.default_rng(42)
words = ["great", "movie", "boring", "plot", "actor", "awful", "loved", "it", "the", "was"]
path = Path("aclImdb")
for split in ("train", "test"):
    for label in ("pos", "neg"):
        folder = path / split / label
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(6):
            (folder / f"{i}_7.txt").write_text(" ".join(rng.choice(words, size=12)))


def review_paths(dirpath):
    return [str(path) for path in dirpath.glob("*.txt")]


train_pos = review_paths(path / "train" / "pos")
train_neg = review_paths(path / "train" / "neg")
test_pos = review_paths(path / "test" / "pos")
test_neg = review_paths(path / "test" / "neg")


def imdb_dataset(filepaths_positive, filepaths_negative, n_read_threads=2):
    dataset_neg = tf.data.TextLineDataset(filepaths_negative, num_parallel_reads=n_read_threads)
    dataset_neg = dataset_neg.map(lambda review: (review, 0))
    dataset_pos = tf.data.TextLineDataset(filepaths_positive, num_parallel_reads=n_read_threads)
    dataset_pos = dataset_pos.map(lambda review: (review, 1))
    return tf.data.Dataset.concatenate(dataset_pos, dataset_neg)


batch_size = 4
train_set = imdb_dataset(train_pos, train_neg).shuffle(100, seed=42)
train_set = train_set.batch(batch_size).prefetch(1)
test_set = imdb_dataset(test_pos, test_neg).batch(batch_size).prefetch(1)

max_tokens = 20
sample_reviews = train_set.map(lambda review, label: review)
text_vectorization = tf.keras.layers.TextVectorization(max_tokens=max_tokens, output_mode="int")
text_vectorization.adapt(sample_reviews)


def compute_mean_embedding(inputs):
    not_pad = tf.math.count_nonzero(inputs, axis=-1)
    n_words = tf.math.count_nonzero(not_pad, axis=-1, keepdims=True)
    sqrt_n_words = tf.math.sqrt(tf.cast(n_words, tf.float32))
    return tf.reduce_sum(inputs, axis=1) / sqrt_n_words


embedding_size = 8
tf.random.set_seed(42)
model = tf.keras.Sequential([
    text_vectorization,
    tf.keras.layers.Embedding(input_dim=max_tokens, output_dim=embedding_size, mask_zero=True),
    tf.keras.layers.Lambda(compute_mean_embedding),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(loss="binary_crossentropy", optimizer="nadam", metrics=["accuracy"])
model.fit(train_set, epochs=1, validation_data=test_set, verbose=0)
