# In the style of Deep Learning with Python (Chollet, 2nd/3rd ed.), chapter 4
# "Classifying newswires: a multiclass classification example"
# (github.com/fchollet/deep-learning-with-python-notebooks, chapter04_classification-and-regression.ipynb)
# load_data() is served random sequences by the corpus runner. The model has no Input: fit builds it.
import numpy as np
import keras
from keras import layers
from keras.datasets import reuters
from keras.utils import to_categorical

(train_data, train_labels), (test_data, test_labels) = reuters.load_data(
    num_words=10000)


def vectorize_sequences(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension))
    for i, sequence in enumerate(sequences):
        for j in sequence:
            results[i, j] = 1.
    return results


x_train = vectorize_sequences(train_data)
x_test = vectorize_sequences(test_data)

y_train = to_categorical(train_labels)
y_test = to_categorical(test_labels)

model = keras.Sequential([
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(46, activation="softmax")
])

model.compile(optimizer="rmsprop",
              loss="categorical_crossentropy",
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

model = keras.Sequential([
    layers.Dense(64, activation="relu"),
    layers.Dense(4, activation="relu"),
    layers.Dense(46, activation="softmax")
])
model.compile(optimizer="rmsprop",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(partial_x_train, np.array(train_labels[20:]), epochs=1, batch_size=128, verbose=0)
predictions = model.predict(x_test, verbose=0)
