# In the style of "Simple audio recognition: Recognizing keywords" (audio_dataset_from_directory,
# spectrograms with tf.signal.stft, the input shape taken from one batch, Resizing + Normalization
# + a small CNN) https://www.tensorflow.org/tutorials/audio/simple_audio
# (site/en/tutorials/audio/simple_audio.ipynb)
# The mini Speech Commands download is replaced by a few random 16-bit WAV files per command.
import pathlib
import wave

import numpy as np
import tensorflow as tf
from tensorflow.keras import layers
from tensorflow.keras import models

rng = np.random.default_rng(0)
data_dir = pathlib.Path("data/mini_speech_commands")
for command in ["down", "go", "left"]:
  (data_dir / command).mkdir(parents=True, exist_ok=True)
  for i in range(4):
    with wave.open(str(data_dir / command / f"{i}.wav"), "wb") as f:
      f.setnchannels(1)
      f.setsampwidth(2)
      f.setframerate(16000)
      f.writeframes((rng.random(3000 + 200 * i) * 2000 - 1000).astype("int16").tobytes())

train_ds, val_ds = tf.keras.utils.audio_dataset_from_directory(
    directory=data_dir,
    batch_size=4,
    validation_split=0.25,
    seed=0,
    output_sequence_length=4000,
    subset='both')

label_names = np.array(train_ds.class_names)


def squeeze(audio, labels):
  audio = tf.squeeze(audio, axis=-1)
  return audio, labels


train_ds = train_ds.map(squeeze, tf.data.AUTOTUNE)
val_ds = val_ds.map(squeeze, tf.data.AUTOTUNE)

for example_audio, example_labels in train_ds.take(1):
  print(example_audio.shape)
  print(example_labels.shape)


def get_spectrogram(waveform):
  # Convert the waveform to a spectrogram via a STFT, keep its magnitude.
  spectrogram = tf.signal.stft(
      waveform, frame_length=255, frame_step=128)
  spectrogram = tf.abs(spectrogram)
  # Add a `channels` dimension for the convolution layers.
  spectrogram = spectrogram[..., tf.newaxis]
  return spectrogram


def make_spec_ds(ds):
  return ds.map(
      map_func=lambda audio, label: (get_spectrogram(audio), label),
      num_parallel_calls=tf.data.AUTOTUNE)


train_spectrogram_ds = make_spec_ds(train_ds)
val_spectrogram_ds = make_spec_ds(val_ds)

for example_spectrograms, example_spect_labels in train_spectrogram_ds.take(1):
  break

train_spectrogram_ds = train_spectrogram_ds.cache().shuffle(100).prefetch(tf.data.AUTOTUNE)
val_spectrogram_ds = val_spectrogram_ds.cache().prefetch(tf.data.AUTOTUNE)

input_shape = example_spectrograms.shape[1:]
print('Input shape:', input_shape)
num_labels = len(label_names)

norm_layer = layers.Normalization()
norm_layer.adapt(data=train_spectrogram_ds.map(map_func=lambda spec, label: spec))

model = models.Sequential([
    layers.Input(shape=input_shape),
    layers.Resizing(32, 32),
    norm_layer,
    layers.Conv2D(16, 3, activation='relu'),
    layers.Conv2D(32, 3, activation='relu'),
    layers.MaxPooling2D(),
    layers.Dropout(0.25),
    layers.Flatten(),
    layers.Dense(32, activation='relu'),
    layers.Dropout(0.5),
    layers.Dense(num_labels),
])

model.compile(
    optimizer=tf.keras.optimizers.Adam(),
    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=['accuracy'],
)
history = model.fit(train_spectrogram_ds, validation_data=val_spectrogram_ds, epochs=1, verbose=0)

# A smaller model fed the waveforms' spectrograms directly, built by fit.
small = models.Sequential([
    layers.Resizing(16, 16),
    layers.Conv2D(8, 3, activation='relu'),
    layers.GlobalAveragePooling2D(),
    layers.Dense(num_labels),
])
small.compile(optimizer='adam', loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
small.fit(train_spectrogram_ds, epochs=1, verbose=0)
