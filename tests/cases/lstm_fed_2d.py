# A recurrent layer told that each sample is a flat vector: LSTM wants (timesteps, features).
# Keras raises as soon as the layer is added, since input_shape= builds the model.
from tensorflow import keras
from tensorflow.keras import layers

seq_model = keras.Sequential()
seq_model.add(layers.LSTM(24, input_shape=(50,)))
seq_model.add(layers.Dense(3))
