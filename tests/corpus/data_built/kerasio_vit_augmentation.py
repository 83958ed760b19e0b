# In the style of the keras-io example "Image classification with Vision Transformer" (Khalid
# Salama): an Input-less data-augmentation Sequential, its Normalization adapted to the training
# images, applied to a functional Input
# https://keras.io/examples/vision/image_classification_with_vision_transformer/
# (examples/vision/image_classification_with_vision_transformer.py), with a small convolutional
# head instead of the transformer. load_data() is served random arrays by the corpus runner.
import keras
from keras import layers

num_classes = 100
input_shape = (32, 32, 3)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar100.load_data()

print(f"x_train shape: {x_train.shape} - y_train shape: {y_train.shape}")
print(f"x_test shape: {x_test.shape} - y_test shape: {y_test.shape}")

learning_rate = 0.001
weight_decay = 0.0001
batch_size = 256
num_epochs = 1
image_size = 72  # We'll resize input images to this size

data_augmentation = keras.Sequential(
    [
        layers.Normalization(),
        layers.Resizing(image_size, image_size),
        layers.RandomFlip("horizontal"),
        layers.RandomRotation(factor=0.02),
        layers.RandomZoom(height_factor=0.2, width_factor=0.2),
    ],
    name="data_augmentation",
)
# Compute the mean and the variance of the training data for normalization.
data_augmentation.layers[0].adapt(x_train)


def create_classifier():
    inputs = keras.Input(shape=input_shape)
    # Augment data.
    augmented = data_augmentation(inputs)
    x = layers.Conv2D(32, 3, strides=2, activation="relu")(augmented)
    x = layers.GlobalAveragePooling2D()(x)
    logits = layers.Dense(num_classes)(x)
    # Create the Keras model.
    model = keras.Model(inputs=inputs, outputs=logits)
    return model


model = create_classifier()
optimizer = keras.optimizers.AdamW(
    learning_rate=learning_rate, weight_decay=weight_decay
)

model.compile(
    optimizer=optimizer,
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=[
        keras.metrics.SparseCategoricalAccuracy(name="accuracy"),
        keras.metrics.SparseTopKCategoricalAccuracy(5, name="top-5-accuracy"),
    ],
)

history = model.fit(
    x=x_train,
    y=y_train,
    batch_size=batch_size,
    epochs=num_epochs,
    validation_split=0.1, verbose=0
)
