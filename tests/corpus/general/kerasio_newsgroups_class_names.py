# In the style of the keras-io example "Using pre-trained word embeddings" (fchollet): class names
# collected from the data folders in a loop, the classifier head sized by len(class_names)
# https://keras.io/examples/nlp/pretrained_word_embeddings/ (examples/nlp/pretrained_word_embeddings.py),
# with the convnet written as a Sequential. The 20 Newsgroups folders are replaced by a few
# random text files written to a scratch folder; the GloVe matrix by a random one.
import os
import pathlib

import numpy as np
import keras
from keras import layers

data_dir = pathlib.Path("20_newsgroup")
rng = np.random.default_rng(1337)
words = ["graphics", "space", "hockey", "windows", "the", "a", "orbit", "goal"]
for group in ["alt.atheism", "comp.graphics", "rec.sport.hockey", "sci.space"]:
    (data_dir / group).mkdir(parents=True, exist_ok=True)
    for i in range(3):
        (data_dir / group / str(38987 + i)).write_text(" ".join(rng.choice(words, size=50)))

samples = []
labels = []
class_names = []
class_index = 0
for dirname in sorted(os.listdir(data_dir)):
    class_names.append(dirname)
    dirpath = data_dir / dirname
    fnames = os.listdir(dirpath)
    print("Processing %s, %d files found" % (dirname, len(fnames)))
    for fname in fnames:
        fpath = dirpath / fname
        with open(fpath, encoding="latin-1") as f:
            content = f.read()
        samples.append(content)
        labels.append(class_index)
    class_index += 1

print("Classes:", class_names)
print("Number of samples:", len(samples))

vectorizer = layers.TextVectorization(max_tokens=20000, output_sequence_length=200)
vectorizer.adapt(samples)

num_tokens = 20000
embedding_dim = 100
embedding_matrix = rng.normal(size=(num_tokens, embedding_dim))

model = keras.Sequential([
    keras.Input(shape=(None,), dtype="int64"),
    layers.Embedding(
        num_tokens,
        embedding_dim,
        trainable=False,
    ),
    layers.Conv1D(128, 5, activation="relu"),
    layers.MaxPooling1D(5),
    layers.Conv1D(128, 5, activation="relu"),
    layers.GlobalMaxPooling1D(),
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(len(class_names), activation="softmax"),
])
model.layers[0].set_weights([embedding_matrix])
model.summary()

x_train = vectorizer(np.array([[s] for s in samples])).numpy()
y_train = np.array(labels)

model.compile(
    loss="sparse_categorical_crossentropy", optimizer="rmsprop", metrics=["acc"]
)
model.fit(x_train, y_train, batch_size=128, epochs=1, verbose=0)
