export async function completeKubectl(): Promise<string[]> {
  return [];
}
