# In the style of Deep Learning with Python (Chollet, 2nd/3rd ed.), chapter 4
# "Classifying movie reviews: a binary classification example"
# (github.com/fchollet/deep-learning-with-python-notebooks, chapter04_classification-and-regression.ipynb)
# load_data() is served random sequences by the corpus runner. The model has no Input: fit builds it.
import numpy as np
from tensorflow.keras.datasets import imdb
from tensorflow import keras
from tensorflow.keras import layers

(train_data, train_labels), (test_data, test_labels) = imdb.load_data(
    num_words=10000)


def vectorize_sequences(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension))
    for i, sequence in enumerate(sequences):
        for j in sequence:
            results[i, j] = 1.
    return results


x_train = vectorize_sequences(train_data)
x_test = vectorize_sequences(test_data)
y_train = np.asarray(train_labels).astype("float32")
y_test = np.asarray(test_labels).astype("float32")

model = keras.Sequential([
    layers.Dense(16, activation="relu"),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid")
])

model.compile(optimizer="rmsprop",
              loss="binary_crossentropy",
              metrics=["accuracy"])

x_val = x_train[:20]
partial_x_train = x_train[20:]
y_val = y_train[:20]
partial_y_train = y_train[20:]

history = model.fit(partial_x_train,
                    partial_y_train,
                    epochs=1,
                    batch_size=512,
                    validation_data=(x_val, y_val), verbose=0)
results = model.evaluate(x_test, y_test, verbose=0)
model.predict(x_test, verbose=0)
