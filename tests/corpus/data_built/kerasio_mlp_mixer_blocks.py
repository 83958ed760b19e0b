# In the style of the keras-io example "Image classification with modern MLP models" (Khalid
# Salama): images cut into patches by a custom layer (ops.image.extract_patches, reshaped with the
# runtime batch size), then MLP-Mixer, FNet and gMLP blocks: custom layers holding Input-less
# Sequential blocks, stacked in a Sequential by a list comprehension and built by a helper called
# on a functional tensor (https://keras.io/examples/vision/mlp_image_classification/,
# examples/vision/mlp_image_classification.py), with smaller sizes and one epoch.
# load_data() is served random arrays by the corpus runner.
import keras
from keras import layers

num_classes = 100
input_shape = (32, 32, 3)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar100.load_data()

dropout_rate = 0.2
image_size = 16
patch_size = 4
num_patches = (image_size // patch_size) ** 2
embedding_dim = 32
num_blocks = 2

data_augmentation = keras.Sequential(
    [layers.Normalization(), layers.Resizing(image_size, image_size), layers.RandomFlip("horizontal")],
    name="data_augmentation",
)
data_augmentation.layers[0].adapt(x_train)


class Patches(layers.Layer):
    def __init__(self, patch_size, **kwargs):
        super().__init__(**kwargs)
        self.patch_size = patch_size

    def call(self, x):
        patches = keras.ops.image.extract_patches(x, self.patch_size)
        batch_size = keras.ops.shape(patches)[0]
        num_patches = keras.ops.shape(patches)[1] * keras.ops.shape(patches)[2]
        patch_dim = keras.ops.shape(patches)[3]
        return keras.ops.reshape(patches, (batch_size, num_patches, patch_dim))


class PositionEmbedding(layers.Layer):
    def __init__(self, sequence_length, **kwargs):
        super().__init__(**kwargs)
        self.sequence_length = int(sequence_length)

    def build(self, input_shape):
        self.position_embeddings = self.add_weight(shape=[self.sequence_length, input_shape[-1]],
                                                   initializer="glorot_uniform")

    def call(self, inputs):
        shape = keras.ops.shape(inputs)
        table = keras.ops.convert_to_tensor(self.position_embeddings)
        return keras.ops.broadcast_to(keras.ops.slice(table, (0, 0), (shape[-2], shape[-1])), shape)

    def compute_output_shape(self, input_shape):
        return input_shape


def build_classifier(blocks, positional_encoding=False):
    inputs = layers.Input(shape=input_shape)
    augmented = data_augmentation(inputs)
    patches = Patches(patch_size)(augmented)
    x = layers.Dense(units=embedding_dim)(patches)
    if positional_encoding:
        x = x + PositionEmbedding(sequence_length=num_patches)(x)
    x = blocks(x)
    representation = layers.GlobalAveragePooling1D()(x)
    representation = layers.Dropout(rate=dropout_rate)(representation)
    logits = layers.Dense(num_classes)(representation)
    return keras.Model(inputs=inputs, outputs=logits)


def run_experiment(model):
    model.compile(optimizer=keras.optimizers.AdamW(learning_rate=0.005, weight_decay=0.0001),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model.fit(x=x_train, y=y_train, batch_size=32, epochs=1, validation_split=0.1, verbose=0)


class MLPMixerLayer(layers.Layer):
    def __init__(self, num_patches, hidden_units, dropout_rate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mlp1 = keras.Sequential([layers.Dense(units=num_patches, activation="gelu"),
                                      layers.Dense(units=num_patches), layers.Dropout(rate=dropout_rate)])
        self.mlp2 = keras.Sequential([layers.Dense(units=num_patches, activation="gelu"),
                                      layers.Dense(units=hidden_units), layers.Dropout(rate=dropout_rate)])
        self.normalize = layers.LayerNormalization(epsilon=1e-6)

    def call(self, inputs):
        x = self.normalize(inputs)
        x_channels = keras.ops.transpose(x, axes=(0, 2, 1))
        mlp1_outputs = keras.ops.transpose(self.mlp1(x_channels), axes=(0, 2, 1))
        x = mlp1_outputs + inputs
        return x + self.mlp2(self.normalize(x))


mlpmixer_blocks = keras.Sequential([MLPMixerLayer(num_patches, embedding_dim, dropout_rate) for _ in range(num_blocks)])
history = run_experiment(build_classifier(mlpmixer_blocks))


class FNetLayer(layers.Layer):
    def __init__(self, embedding_dim, dropout_rate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ffn = keras.Sequential([layers.Dense(units=embedding_dim, activation="gelu"),
                                     layers.Dropout(rate=dropout_rate), layers.Dense(units=embedding_dim)])
        self.normalize1 = layers.LayerNormalization(epsilon=1e-6)
        self.normalize2 = layers.LayerNormalization(epsilon=1e-6)

    def call(self, inputs):
        x = keras.ops.fft2((inputs, keras.ops.zeros_like(inputs)))[0]
        x = self.normalize1(x + inputs)
        return self.normalize2(x + self.ffn(x))


fnet_blocks = keras.Sequential([FNetLayer(embedding_dim, dropout_rate) for _ in range(num_blocks)])
history = run_experiment(build_classifier(fnet_blocks, positional_encoding=True))


class gMLPLayer(layers.Layer):
    def __init__(self, num_patches, embedding_dim, dropout_rate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel_projection1 = keras.Sequential([layers.Dense(units=embedding_dim * 2, activation="gelu"),
                                                     layers.Dropout(rate=dropout_rate)])
        self.channel_projection2 = layers.Dense(units=embedding_dim)
        self.spatial_projection = layers.Dense(units=num_patches, bias_initializer="Ones")
        self.normalize1 = layers.LayerNormalization(epsilon=1e-6)
        self.normalize2 = layers.LayerNormalization(epsilon=1e-6)

    def spatial_gating_unit(self, x):
        u, v = keras.ops.split(x, indices_or_sections=2, axis=2)
        v = self.normalize2(v)
        v_projected = self.spatial_projection(keras.ops.transpose(v, axes=(0, 2, 1)))
        return u * keras.ops.transpose(v_projected, axes=(0, 2, 1))

    def call(self, inputs):
        x = self.normalize1(inputs)
        x_spatial = self.spatial_gating_unit(self.channel_projection1(x))
        return x + self.channel_projection2(x_spatial)


gmlp_blocks = keras.Sequential([gMLPLayer(num_patches, embedding_dim, dropout_rate) for _ in range(num_blocks)])
history = run_experiment(build_classifier(gmlp_blocks))
