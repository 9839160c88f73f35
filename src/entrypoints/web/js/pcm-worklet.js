// AudioWorklet: the microphone at the context's rate in, PCM16 mono at 24 kHz out, in
// messages of about 100 ms (what OpenAI's Realtime protocol takes in input_audio_buffer.append).

const TARGET_RATE = 24000;
const FRAME_SAMPLES = 2400;

class Pcm16Downsampler extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / TARGET_RATE; // input samples per output sample
    this.position = 0; // where the next output sample falls, in input samples
    this.previous = 0; // the last input sample of the previous block, for interpolation
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.filled = 0;
    this.port.onmessage = (event) => {
      if (event.data === "flush") this.flush();
    };
  }

  flush() {
    if (this.filled > 0) {
      this.port.postMessage(this.frame.slice(0, this.filled).buffer, []);
      this.filled = 0;
    }
  }

  process(inputs) {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const input = channels[0]; // mono: the first channel
    const length = input.length;
    // Linear interpolation between input samples; index -1 is the previous block's last one.
    while (this.position < length) {
      const index = Math.floor(this.position);
      const fraction = this.position - index;
      const left = index === 0 ? this.previous : input[index - 1];
      const right = input[index];
      const value = left + (right - left) * fraction;
      const clamped = Math.max(-1, Math.min(1, value));
      this.frame[this.filled++] = clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff;
      if (this.filled === FRAME_SAMPLES) {
        this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
        this.frame = new Int16Array(FRAME_SAMPLES);
        this.filled = 0;
      }
      this.position += this.step;
    }
    this.position -= length;
    this.previous = input[length - 1];
    return true;
  }
}

registerProcessor("pcm16-downsampler", Pcm16Downsampler);
