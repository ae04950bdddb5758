/** Who made a request, as the request log names them: the API client's id and name, never its key. */
export interface RequestActor {
  clientId: string;
  clientName: string;
}

const ACTORS = new WeakMap<object, RequestActor>();

/** Called by whatever authenticates a request (the API key guard, the ops session check) once it knows the caller. */
export function setRequestActor(request: object, actor: RequestActor): void {
  ACTORS.set(request, actor);
}

export const requestActorOf = (request: object): RequestActor | undefined => ACTORS.get(request);
