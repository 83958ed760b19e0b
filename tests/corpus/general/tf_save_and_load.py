# In the style of "Save and load models"
# https://www.tensorflow.org/tutorials/keras/save_and_load (site/en/tutorials/keras/save_and_load.ipynb)
# load_data() is served random arrays of the documented shapes by the corpus runner.
import os

import tensorflow as tf

(train_images, train_labels), (test_images, test_labels) = tf.keras.datasets.mnist.load_data()

train_labels = train_labels[:1000]
test_labels = test_labels[:1000]

train_images = train_images[:1000].reshape(-1, 28 * 28) / 255.0
test_images = test_images[:1000].reshape(-1, 28 * 28) / 255.0


# Define a simple sequential model
def create_model():
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(512, activation='relu', input_shape=(784,)),
        tf.keras.layers.Dropout(0.2),
        tf.keras.layers.Dense(10)
    ])

    model.compile(optimizer='adam',
                  loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=[tf.keras.metrics.SparseCategoricalAccuracy()])

    return model


# Create a basic model instance
model = create_model()

# Display the model's architecture
model.summary()

checkpoint_path = "training_1/cp.weights.h5"
checkpoint_dir = os.path.dirname(checkpoint_path)

cp_callback = tf.keras.callbacks.ModelCheckpoint(filepath=checkpoint_path,
                                                 save_weights_only=True,
                                                 verbose=0)

model.fit(train_images,
          train_labels,
          epochs=1,
          validation_data=(test_images, test_labels),
          callbacks=[cp_callback], verbose=0)

# Create a basic model instance
model = create_model()

# Evaluate the model
loss, acc = model.evaluate(test_images, test_labels, verbose=0)

# Loads the weights
model.load_weights(checkpoint_path)

model = create_model()
model.fit(train_images, train_labels, epochs=1, verbose=0)
model.save('my_model.keras')
new_model = tf.keras.models.load_model('my_model.keras')
