export const sandboxBaseUrl = (port: number) => `http://127.0.0.1:${port}`;
