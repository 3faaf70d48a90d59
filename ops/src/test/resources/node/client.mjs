// The official OpenAI Node SDK against an Atmosphere node: chat, streaming with usage, a tool call,
// embeddings and the legacy completions API. Prints what came back as one JSON line.
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.env.ATMOSPHERE_BASE, apiKey: 'not-needed', maxRetries: 0 });
const out = {};
const chat = await client.chat.completions.create({
  model: 'auto', messages: [{ role: 'user', content: 'Say hello to the mesh' }] });
out.chat = chat.choices[0].message.content;
out.node = chat.atmosphere?.node ?? null;
const stream = await client.chat.completions.create({
  model: 'auto', stream: true, stream_options: { include_usage: true },
  messages: [{ role: 'user', content: 'Say hello to the stream' }] });
let text = '';
for await (const chunk of stream) {
  text += chunk.choices[0]?.delta?.content ?? '';
  if (chunk.usage) out.usage = chunk.usage.total_tokens;
}
out.stream = text;
const tools = await client.chat.completions.create({
  model: 'auto', messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object',
    properties: { query: { type: 'string' } } } } }] });
out.finish = tools.choices[0].finish_reason;
out.tool = tools.choices[0].message.tool_calls?.[0]?.function?.name ?? null;
const embeddings = await client.embeddings.create({ model: 'auto', input: ['alpha', 'beta', 'gamma'] });
out.embeddings = embeddings.data.length;
out.dimensions = embeddings.data[0].embedding.length;
const legacy = await client.completions.create({ model: 'auto', prompt: 'Say hi' });
out.legacy = legacy.choices[0].text;
console.log(JSON.stringify(out));
