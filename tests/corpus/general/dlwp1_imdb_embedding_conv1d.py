# In the style of Deep Learning with Python (Chollet, 1st ed.), sections 6.1 and 6.4
# "Using word embeddings" and "Sequence processing with convnets"
# (github.com/fchollet/deep-learning-with-python-notebooks, first_edition/6.1-using-word-embeddings.ipynb, 6.4-sequence-processing-with-convnets.ipynb)
# load_data() is served random sequences by the corpus runner; Keras 3 has no input_length, so the
# length goes into an Input as the 3rd edition does.
from keras.datasets import imdb
from keras import preprocessing
from keras.models import Sequential
from keras.layers import Flatten, Dense, Embedding, Input
from keras import layers
from keras.optimizers import RMSprop

max_features = 10000
maxlen = 20

(x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=max_features)

x_train = preprocessing.sequence.pad_sequences(x_train, maxlen=maxlen)
x_test = preprocessing.sequence.pad_sequences(x_test, maxlen=maxlen)

model = Sequential()
model.add(Input(shape=(maxlen,)))
model.add(Embedding(10000, 8))
model.add(Flatten())
model.add(Dense(1, activation='sigmoid'))
model.compile(optimizer='rmsprop', loss='binary_crossentropy', metrics=['acc'])
model.summary()

history = model.fit(x_train, y_train,
                    epochs=1,
                    batch_size=32,
                    validation_split=0.2, verbose=0)

max_len = 500
x_train = preprocessing.sequence.pad_sequences(x_train, maxlen=max_len)
x_test = preprocessing.sequence.pad_sequences(x_test, maxlen=max_len)

model = Sequential()
model.add(Input(shape=(max_len,)))
model.add(layers.Embedding(max_features, 128))
model.add(layers.Conv1D(32, 7, activation='relu'))
model.add(layers.MaxPooling1D(5))
model.add(layers.Conv1D(32, 7, activation='relu'))
model.add(layers.GlobalMaxPooling1D())
# The book's 6.4 notebook has Dense(1) without activation under binary_crossentropy: a real
# silent bug (ShapeLens SL206 warns on it); the corpus keeps programs correct.
model.add(layers.Dense(1, activation='sigmoid'))

model.summary()

model.compile(optimizer=RMSprop(learning_rate=1e-4),
              loss='binary_crossentropy',
              metrics=['acc'])
history = model.fit(x_train, y_train,
                    epochs=1,
                    batch_size=32,
                    validation_split=0.2, verbose=0)
