# Input-less models built by calling them on tensors made with ops.ones / tf.zeros / ops.full
# (the keras-io "Sequential model" guide builds its first model with model(ops.ones((3, 3)))).
import keras
import tensorflow as tf
from keras import layers, ops

first = keras.Sequential([layers.Dense(2, activation="relu"), layers.Dense(4)])
y = first(ops.ones((3, 3)))

second = keras.Sequential([layers.Dense(5)])
y = second(tf.zeros([2, 7]))

third = keras.Sequential([layers.Dense(3)])
y = third(ops.full((4, 6), 1))

fourth = keras.Sequential([layers.Flatten()])
y = fourth(ops.zeros((2, 3, 4), dtype="int32"))
