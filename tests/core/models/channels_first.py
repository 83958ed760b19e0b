import keras
from keras import layers

keras.config.set_image_data_format("channels_first")

model = keras.Sequential([
    keras.Input(shape=(3, 32, 32)),
    layers.Conv2D(8, 3),
    layers.MaxPooling2D(),
    layers.Conv2D(4, 3, data_format="channels_last"),
    layers.GlobalAveragePooling2D(),
])

keras.config.set_image_data_format("channels_last")

after = keras.Sequential([keras.Input(shape=(32, 32, 3)), layers.Conv2D(8, 3)])
