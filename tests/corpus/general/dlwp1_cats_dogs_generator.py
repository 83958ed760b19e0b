# In the style of Deep Learning with Python (Chollet, 1st ed.), section 5.2
# "Using convnets with small datasets" (github.com/fchollet/deep-learning-with-python-notebooks,
# first_edition/5.2-using-convnets-with-small-datasets.ipynb). The cats-vs-dogs folders are
# replaced by random images; Keras 3 has no ImageDataGenerator, so they are rescaled by hand.
import numpy as np
from keras import layers
from keras import models
from keras import optimizers

model = models.Sequential()
model.add(layers.Conv2D(32, (3, 3), activation='relu',
                        input_shape=(150, 150, 3)))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.Conv2D(64, (3, 3), activation='relu'))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.Conv2D(128, (3, 3), activation='relu'))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.Conv2D(128, (3, 3), activation='relu'))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.Flatten())
model.add(layers.Dropout(0.5))
model.add(layers.Dense(512, activation='relu'))
model.add(layers.Dense(1, activation='sigmoid'))

model.summary()

model.compile(loss='binary_crossentropy',
              optimizer=optimizers.RMSprop(learning_rate=1e-4),
              metrics=['acc'])

train_images = np.random.randint(0, 256, size=(8, 150, 150, 3)).astype('float32')
train_labels = np.random.randint(0, 2, size=(8,)).astype('float32')

train_images /= 255.

history = model.fit(train_images, train_labels, batch_size=4, epochs=1, verbose=0)
