from keras import layers as L
from keras.models import Sequential
from tensorflow.keras.layers import Conv2D as C
from tensorflow.keras.layers import Dense as D
from tensorflow.keras.layers import Flatten

net = Sequential([L.Input((32, 32, 3)), C(8, 3), C(8, 3, padding="same"), Flatten(), D(5, use_bias=False)])
