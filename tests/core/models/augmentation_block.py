import keras
from keras import layers

augment = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1), layers.Rescaling(1 / 255.0)])

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    augment,
    layers.Conv2D(8, 3),
    layers.GlobalAveragePooling2D(),
    layers.Dense(4),
])
