# One image for the three processes; docker-compose.yml picks the process with its command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
EXPOSE 3000 3001 4010
CMD ["npm", "run", "start:api"]
