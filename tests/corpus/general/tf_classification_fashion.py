# In the style of "Basic classification: Classify images of clothing"
# https://www.tensorflow.org/tutorials/keras/classification (site/en/tutorials/keras/classification.ipynb)
# load_data() is served random arrays of the documented shapes by the corpus runner.
import tensorflow as tf
import numpy as np

fashion_mnist = tf.keras.datasets.fashion_mnist

(train_images, train_labels), (test_images, test_labels) = fashion_mnist.load_data()

class_names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
               'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']

train_images = train_images / 255.0
test_images = test_images / 255.0

model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation='relu'),
    tf.keras.layers.Dense(10)
])

model.compile(optimizer='adam',
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['accuracy'])

model.fit(train_images, train_labels, epochs=1, verbose=0)

test_loss, test_acc = model.evaluate(test_images,  test_labels, verbose=0)

probability_model = tf.keras.Sequential([model,
                                         tf.keras.layers.Softmax()])
predictions = probability_model.predict(test_images, verbose=0)
print(np.argmax(predictions[0]))

img = test_images[1]
img = (np.expand_dims(img, 0))
predictions_single = probability_model.predict(img, verbose=0)
print(np.argmax(predictions_single[0]))
