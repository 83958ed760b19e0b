# values: the classic data-format branch and a star import of the layers module.
# In the style of the Keras 2 example mnist_cnn.py (keras-team/keras, examples/); data replaced
# by small random arrays of MNIST's shapes.
import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.keras import backend as K
from tensorflow.keras.layers import *
from tensorflow.keras.models import *

img_rows, img_cols = 28, 28
num_classes = 10
x_train = np.random.rand(16, img_rows, img_cols)
y_train = tf.keras.utils.to_categorical(np.random.randint(0, num_classes, size=16), num_classes)

if K.image_data_format() == "channels_first":
    x_train = x_train.reshape(x_train.shape[0], 1, img_rows, img_cols)
    input_shape = (1, img_rows, img_cols)
else:
    x_train = x_train.reshape(x_train.shape[0], img_rows, img_cols, 1)
    input_shape = (img_rows, img_cols, 1)

model = Sequential()
model.add(Conv2D(8, kernel_size=(3, 3), activation="relu", input_shape=input_shape))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))
model.add(Flatten())
model.add(Dense(num_classes, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train, batch_size=8, epochs=1, verbose=0)

compat = tf.keras.Sequential([tf.keras.Input(shape=(12,)), tf.keras.layers.Dense(3)])
