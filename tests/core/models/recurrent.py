import keras
from keras import layers

VOCAB, MAXLEN = 5000, 80

text = keras.Sequential()
text.add(keras.Input(shape=(MAXLEN,)))
text.add(layers.Embedding(VOCAB, 32))
text.add(layers.LSTM(64, return_sequences=True))
text.add(layers.GRU(32))
text.add(layers.Dense(1, activation="sigmoid"))

series = keras.Sequential([
    layers.LSTM(16, input_shape=(None, 3), return_sequences=True),
    layers.GRU(8, reset_after=False),
    layers.Dense(1),
])
