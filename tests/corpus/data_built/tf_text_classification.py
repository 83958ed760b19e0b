# In the style of "Basic text classification"
# https://www.tensorflow.org/tutorials/keras/text_classification (site/en/tutorials/keras/text_classification.ipynb)
# The IMDB folders (text_dataset_from_directory) are replaced by random reviews in tf.data.
import re
import string

import numpy as np
import tensorflow as tf
from tensorflow.keras import layers
from tensorflow.keras import losses

words = np.array(["good", "bad", "movie", "plot", "actor", "<br />", "great", "boring"])
rng = np.random.default_rng(0)
texts = [" ".join(rng.choice(words, size=30)) for _ in range(64)]
labels = rng.integers(0, 2, size=64)

batch_size = 32
raw_train_ds = tf.data.Dataset.from_tensor_slices((texts[:48], labels[:48])).batch(batch_size)
raw_val_ds = tf.data.Dataset.from_tensor_slices((texts[48:56], labels[48:56])).batch(batch_size)
raw_test_ds = tf.data.Dataset.from_tensor_slices((texts[56:], labels[56:])).batch(batch_size)


def custom_standardization(input_data):
    lowercase = tf.strings.lower(input_data)
    stripped_html = tf.strings.regex_replace(lowercase, '<br />', ' ')
    return tf.strings.regex_replace(stripped_html,
                                    '[%s]' % re.escape(string.punctuation),
                                    '')


max_features = 10000
sequence_length = 250

vectorize_layer = layers.TextVectorization(
    standardize=custom_standardization,
    max_tokens=max_features,
    output_mode='int',
    output_sequence_length=sequence_length)

# Make a text-only dataset (without labels), then call adapt
train_text = raw_train_ds.map(lambda x, y: x)
vectorize_layer.adapt(train_text)


def vectorize_text(text, label):
    text = tf.expand_dims(text, -1)
    return vectorize_layer(text), label


train_ds = raw_train_ds.map(vectorize_text)
val_ds = raw_val_ds.map(vectorize_text)
test_ds = raw_test_ds.map(vectorize_text)

AUTOTUNE = tf.data.AUTOTUNE

train_ds = train_ds.cache().prefetch(buffer_size=AUTOTUNE)
val_ds = val_ds.cache().prefetch(buffer_size=AUTOTUNE)
test_ds = test_ds.cache().prefetch(buffer_size=AUTOTUNE)

embedding_dim = 16

model = tf.keras.Sequential([
  layers.Embedding(max_features, embedding_dim),
  layers.Dropout(0.2),
  layers.GlobalAveragePooling1D(),
  layers.Dropout(0.2),
  layers.Dense(1, activation='sigmoid')])

model.compile(loss=losses.BinaryCrossentropy(),
              optimizer='adam',
              metrics=[tf.metrics.BinaryAccuracy(threshold=0.5)])

epochs = 1
history = model.fit(
    train_ds,
    validation_data=val_ds,
    epochs=epochs, verbose=0)

loss, accuracy = model.evaluate(test_ds, verbose=0)

export_model = tf.keras.Sequential([
  vectorize_layer,
  model,
  layers.Activation('sigmoid')
])

export_model.compile(
    loss=losses.BinaryCrossentropy(from_logits=False), optimizer="adam", metrics=['accuracy']
)

# Test it with `raw_test_ds`, which yields raw strings
metrics = export_model.evaluate(raw_test_ds, return_dict=True, verbose=0)
print(metrics)
