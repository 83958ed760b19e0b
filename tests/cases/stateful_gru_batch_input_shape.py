# After Hands-On ML 3rd ed., ch. 16 (stateful char-RNN): the Keras 2 batch_input_shape= that
# Keras 3 rejects. The stateful GRU after it has the batch size the author meant: one error only.
import tensorflow as tf

n_tokens = 39
model = tf.keras.Sequential([
    tf.keras.layers.Embedding(input_dim=n_tokens, output_dim=16,
                              batch_input_shape=[1, None]),
    tf.keras.layers.GRU(128, return_sequences=True, stateful=True),
    tf.keras.layers.Dense(n_tokens, activation="softmax"),
])
model.compile(loss="sparse_categorical_crossentropy", optimizer="nadam", metrics=["accuracy"])
