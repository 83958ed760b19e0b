# In the style of the keras-io example "Bidirectional LSTM on IMDB" (fchollet)
# https://keras.io/examples/nlp/bidirectional_lstm_imdb/ (examples/nlp/bidirectional_lstm_imdb.py),
# written with Sequential as in Deep Learning with Python (2nd ed.), chapter 11.
# load_data() is served random sequences by the corpus runner.
import keras
from keras import layers

max_features = 20000  # Only consider the top 20k words
maxlen = 200  # Only consider the first 200 words of each movie review

model = keras.Sequential([
    keras.Input(shape=(None,), dtype="int32"),
    layers.Embedding(max_features, 128),
    layers.Bidirectional(layers.LSTM(64, return_sequences=True)),
    layers.Bidirectional(layers.LSTM(64)),
    layers.Dense(1, activation="sigmoid"),
])
model.summary()

(x_train, y_train), (x_val, y_val) = keras.datasets.imdb.load_data(
    num_words=max_features
)
print(len(x_train), "Training sequences")
# Use pad_sequence to standardize sequence length:
# this will truncate sequences longer than 200 words and zero-pad sequences shorter than 200 words.
x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
x_val = keras.utils.pad_sequences(x_val, maxlen=maxlen)

model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train[:32], y_train[:32], batch_size=32, epochs=1, validation_data=(x_val[:16], y_val[:16]), verbose=0)
