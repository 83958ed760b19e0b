# Token ids -> Embedding -> Dense(1) with no pooling in between: one score per token, not per text.
import keras
import numpy as np
from keras import layers

token_ids = np.random.randint(0, 500, size=(40, 30))
sentiment = np.random.randint(0, 2, size=(40,))
model = keras.Sequential([
    keras.Input(shape=(30,)),
    layers.Embedding(input_dim=500, output_dim=8),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(token_ids, sentiment, batch_size=8, epochs=1, verbose=0)
