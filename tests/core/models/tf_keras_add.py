import tensorflow as tf

model = tf.keras.Sequential()
model.add(tf.keras.layers.Conv2D(16, 5, strides=2, padding="same", activation="relu", input_shape=(64, 64, 3)))
model.add(tf.keras.layers.BatchNormalization())
model.add(tf.keras.layers.Conv2D(32, 3, dilation_rate=2))
model.add(tf.keras.layers.AveragePooling2D(2))
model.add(tf.keras.layers.GlobalAveragePooling2D())
model.add(tf.keras.layers.Dense(4))
model.add(tf.keras.layers.Activation("softmax"))
