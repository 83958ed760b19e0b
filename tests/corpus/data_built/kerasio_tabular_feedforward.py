# In the style of the keras-io example "Structured data learning with TabTransformer" (Khalid
# Salama; https://keras.io/examples/structured_data/tabtransformer/,
# examples/structured_data/tabtransformer.py), baseline model: a dict of scalar Inputs, categorical
# features embedded (vocabulary sizes read from the data), numerical ones expanded with
# ops.expand_dims, and feed-forward Sequential blocks sized from features.shape[-1]. The census CSV
# is replaced by a small random frame; one epoch.
import numpy as np
import pandas as pd
import keras
from keras import layers, ops

rows = 64
train_data = pd.DataFrame({
    "age": np.random.rand(rows), "hours_per_week": np.random.rand(rows),
    "workclass": np.random.choice(["private", "state", "self"], size=rows),
    "education": np.random.choice(["hs", "college", "masters", "phd"], size=rows),
})
NUMERIC_FEATURE_NAMES = ["age", "hours_per_week"]
CATEGORICAL_FEATURES_WITH_VOCABULARY = {
    "workclass": sorted(list(train_data["workclass"].unique())),
    "education": sorted(list(train_data["education"].unique())),
}
CATEGORICAL_FEATURE_NAMES = list(CATEGORICAL_FEATURES_WITH_VOCABULARY.keys())
FEATURE_NAMES = NUMERIC_FEATURE_NAMES + CATEGORICAL_FEATURE_NAMES
EMBEDDING_DIMS = 8
NUM_MLP_BLOCKS = 2
MLP_HIDDEN_UNITS_FACTORS = [2, 1]


def create_model_inputs():
    inputs = {}
    for feature_name in FEATURE_NAMES:
        inputs[feature_name] = layers.Input(name=feature_name, shape=(), dtype="float32")
    return inputs


def encode_inputs(inputs, embedding_dims):
    encoded_categorical_feature_list = []
    numerical_feature_list = []
    for feature_name in inputs:
        if feature_name in CATEGORICAL_FEATURE_NAMES:
            vocabulary = CATEGORICAL_FEATURES_WITH_VOCABULARY[feature_name]
            embedding = layers.Embedding(input_dim=len(vocabulary), output_dim=embedding_dims)
            encoded_categorical_feature_list.append(embedding(inputs[feature_name]))
        else:
            numerical_feature_list.append(ops.expand_dims(inputs[feature_name], -1))
    return encoded_categorical_feature_list, numerical_feature_list


def create_mlp(hidden_units, dropout_rate, activation, normalization_layer, name=None):
    mlp_layers = []
    for units in hidden_units:
        mlp_layers.append(normalization_layer())
        mlp_layers.append(layers.Dense(units, activation=activation))
        mlp_layers.append(layers.Dropout(dropout_rate))
    return keras.Sequential(mlp_layers, name=name)


def create_baseline_model(embedding_dims, num_mlp_blocks, mlp_hidden_units_factors, dropout_rate):
    inputs = create_model_inputs()
    encoded_categorical_feature_list, numerical_feature_list = encode_inputs(inputs, embedding_dims)
    features = layers.concatenate(encoded_categorical_feature_list + numerical_feature_list)
    feedforward_units = [features.shape[-1]]
    for layer_idx in range(num_mlp_blocks):
        features = create_mlp(hidden_units=feedforward_units, dropout_rate=dropout_rate,
                              activation=keras.activations.gelu, normalization_layer=layers.LayerNormalization,
                              name=f"feedforward_{layer_idx}")(features)
    mlp_hidden_units = [factor * features.shape[-1] for factor in mlp_hidden_units_factors]
    features = create_mlp(hidden_units=mlp_hidden_units, dropout_rate=dropout_rate,
                          activation=keras.activations.selu, normalization_layer=layers.BatchNormalization,
                          name="MLP")(features)
    outputs = layers.Dense(units=1, activation="sigmoid", name="sigmoid")(features)
    return keras.Model(inputs=inputs, outputs=outputs)


baseline_model = create_baseline_model(embedding_dims=EMBEDDING_DIMS, num_mlp_blocks=NUM_MLP_BLOCKS,
                                       mlp_hidden_units_factors=MLP_HIDDEN_UNITS_FACTORS, dropout_rate=0.2)
baseline_model.compile(optimizer="adam", loss="binary_crossentropy")
features = {name: train_data[name].to_numpy().astype("float32") for name in NUMERIC_FEATURE_NAMES}
for name in CATEGORICAL_FEATURE_NAMES:
    lookup = {value: index for index, value in enumerate(CATEGORICAL_FEATURES_WITH_VOCABULARY[name])}
    features[name] = train_data[name].map(lookup).to_numpy().astype("float32")
baseline_model.fit(features, np.random.randint(0, 2, size=(rows, 1)), batch_size=16, epochs=1, verbose=0)
