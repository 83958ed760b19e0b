# In the style of Hands-On Machine Learning (Geron, 3rd ed.), chapter 16
# "Generating Shakespearean Text Using a Character RNN"
# (github.com/ageron/handson-ml3, 16_nlp_with_rnns_and_attention.ipynb)
# The Shakespeare text (download) is replaced by a short random text.
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(42)
shakespeare_text = "".join(rng.choice(list("abcdefghij klmnop\n"), size=2000))

text_vec_layer = tf.keras.layers.TextVectorization(split="character",
                                                   standardize="lower")
text_vec_layer.adapt([shakespeare_text])
encoded = text_vec_layer([shakespeare_text])[0]

encoded -= 2  # drop tokens 0 (pad) and 1 (unknown), which we will not use
n_tokens = text_vec_layer.vocabulary_size() - 2  # number of distinct chars = 39
dataset_size = len(encoded)  # total number of chars = 1,115,394


def to_dataset(sequence, length, shuffle=False, seed=None, batch_size=32):
    ds = tf.data.Dataset.from_tensor_slices(sequence)
    ds = ds.window(length + 1, shift=1, drop_remainder=True)
    ds = ds.flat_map(lambda window_ds: window_ds.batch(length + 1))
    if shuffle:
        ds = ds.shuffle(100_000, seed=seed)
    ds = ds.batch(batch_size)
    return ds.map(lambda window: (window[:, :-1], window[:, 1:])).prefetch(1)


length = 100
tf.random.set_seed(42)
train_set = to_dataset(encoded[:1500], length=length, shuffle=True,
                       seed=42)
valid_set = to_dataset(encoded[1500:1800], length=length)
test_set = to_dataset(encoded[1800:], length=length)

tf.random.set_seed(42)  # extra code - ensures reproducibility on CPU
model = tf.keras.Sequential([
    tf.keras.layers.Embedding(input_dim=n_tokens, output_dim=16),
    tf.keras.layers.GRU(128, return_sequences=True),
    tf.keras.layers.Dense(n_tokens, activation="softmax")
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="nadam",
              metrics=["accuracy"])
history = model.fit(train_set.take(2), validation_data=valid_set.take(1), epochs=1, verbose=0)

shakespeare_model = tf.keras.Sequential([
    text_vec_layer,
    tf.keras.layers.Lambda(lambda X: X - 2),  # no <PAD> or <UNK> tokens
    model
])

y_proba = shakespeare_model.predict(tf.constant(["to be or not to b"]), verbose=0)[0, -1]
y_pred = tf.argmax(y_proba)  # choose the most probable character ID
