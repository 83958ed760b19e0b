# In the style of Deep Learning with Python (Chollet, 1st ed.), section 6.3
# "Advanced use of recurrent neural networks" - the Jena climate GRU models
# (github.com/fchollet/deep-learning-with-python-notebooks, first_edition/6.3-advanced-usage-of-recurrent-neural-networks.ipynb)
# The CSV (420551 rows x 14 features) is replaced by a small random array of 14 features.
import numpy as np
from keras.models import Sequential
from keras import layers
from keras.optimizers import RMSprop

float_data = np.random.rand(600, 14).astype("float32")
mean = float_data[:400].mean(axis=0)
float_data -= mean
std = float_data[:400].std(axis=0)
float_data /= std

lookback = 120
step = 6
delay = 12
batch_size = 8


def make_batch(data, rows):
    samples = np.zeros((len(rows), lookback // step, data.shape[-1]))
    targets = np.zeros((len(rows),))
    for j, row in enumerate(rows):
        indices = range(rows[j] - lookback, rows[j], step)
        samples[j] = data[indices]
        targets[j] = data[rows[j] + delay][1]
    return samples, targets


train_x, train_y = make_batch(float_data, np.arange(lookback, lookback + 32))
val_x, val_y = make_batch(float_data, np.arange(400, 416))

model = Sequential()
model.add(layers.Flatten(input_shape=(lookback // step, float_data.shape[-1])))
model.add(layers.Dense(32, activation='relu'))
model.add(layers.Dense(1))
model.compile(optimizer=RMSprop(), loss='mae')
model.fit(train_x, train_y, epochs=1, validation_data=(val_x, val_y), verbose=0)

model = Sequential()
model.add(layers.GRU(32, input_shape=(None, float_data.shape[-1])))
model.add(layers.Dense(1))
model.compile(optimizer=RMSprop(), loss='mae')
model.fit(train_x, train_y, epochs=1, validation_data=(val_x, val_y), verbose=0)

model = Sequential()
model.add(layers.GRU(32,
                     dropout=0.1,
                     recurrent_dropout=0.5,
                     return_sequences=True,
                     input_shape=(None, float_data.shape[-1])))
model.add(layers.GRU(64, activation='relu',
                     dropout=0.1,
                     recurrent_dropout=0.5))
model.add(layers.Dense(1))
model.compile(optimizer=RMSprop(), loss='mae')
model.fit(train_x, train_y, epochs=1, validation_data=(val_x, val_y), verbose=0)

model = Sequential()
model.add(layers.Conv1D(32, 5, activation='relu',
                        input_shape=(None, float_data.shape[-1])))
model.add(layers.MaxPooling1D(3))
model.add(layers.Conv1D(32, 5, activation='relu'))
model.add(layers.GRU(32, dropout=0.1, recurrent_dropout=0.5))
model.add(layers.Dense(1))
model.compile(optimizer=RMSprop(), loss='mae')
model.fit(train_x, train_y, epochs=1, validation_data=(val_x, val_y), verbose=0)
