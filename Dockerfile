# One image for the three processes; docker-compose.yml picks the process with its command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The build scripts/run-app.mjs would otherwise make at each container's first start.
RUN node scripts/run-app.mjs --build
EXPOSE 3000 3001 4010
CMD ["npm", "run", "start:api"]
