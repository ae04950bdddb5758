# One image for the three processes; docker-compose.yml picks the process with its command.
# Build stage: every dependency (the SWC compiler, the Nest CLI) to compile the sources into dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime stage: production dependencies and the compiled output only; no compiler, no embedded PostgreSQL, no test
# tooling.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
# `npm run start:<app>` and `npm run migration:run` then run dist/ as built above: npm skips their pre-scripts (the
# `nest build` a checkout needs), and the Nest CLI is not installed here.
ENV npm_config_ignore_scripts=true
EXPOSE 3000 3001 4010
CMD ["npm", "run", "start:api"]
