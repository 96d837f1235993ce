import { deflateSync } from 'node:zlib';

/** An image as 8-bit RGB rows. */
export interface RgbImage {
  width: number;
  height: number;
  /** width * height * 3 bytes, row after row. */
  rgb: Buffer;
}

/** Decodes an X Window Dump (`xwd` output) of a TrueColor screen (24 or 32 bits per pixel, ZPixmap). */
export function decodeXwd(file: Buffer): RgbImage {
  const field = (i: number) => file.readUInt32BE(i * 4);
  const [headerSize, version, format] = [field(0), field(1), field(2)];
  if (version !== 7 || format !== 2)
    throw new Error(`not an XWD ZPixmap (version ${version}, format ${format})`);
  const [width, height, byteOrder, bpp, bytesPerLine] = [field(4), field(5), field(7), field(11), field(12)];
  const masks = [field(14), field(15), field(16)];
  if (bpp !== 32 && bpp !== 24) throw new Error(`${bpp} bits per pixel: only TrueColor 24/32 is read`);
  const ncolors = field(19);
  const data = headerSize + ncolors * 12;
  const shifts = masks.map((m) => (m ? Math.log2(m & -m) : 0));
  const rgb = Buffer.alloc(width * height * 3);
  const bytes = bpp / 8;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = data + y * bytesPerLine + x * bytes;
      let pixel = 0;
      for (let b = 0; b < bytes; b++) {
        const byte = file[at + (byteOrder === 1 ? b : bytes - 1 - b)] ?? 0;
        pixel = pixel * 256 + byte;
      }
      for (let c = 0; c < 3; c++) {
        const mask = masks[c] ?? 0;
        const value = Math.floor((pixel & mask) / 2 ** (shifts[c] ?? 0));
        const max = Math.floor(mask / 2 ** (shifts[c] ?? 0)) || 1;
        rgb[(y * width + x) * 3 + c] = Math.round((value * 255) / max);
      }
    }
  }
  return { width, height, rgb };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([head, typed, crc]);
}

/** Encodes an RGB image as PNG (8-bit truecolor, no filtering). */
export function encodePng(image: RgbImage): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(image.width, 0);
  ihdr.writeUInt32BE(image.height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const stride = image.width * 3;
  const raw = Buffer.alloc((stride + 1) * image.height);
  for (let y = 0; y < image.height; y++)
    image.rgb.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
